import { createRoute } from '@hono/zod-openapi'
import * as z from 'zod'
import { pageQuerySchema, pageSchema } from '../../../shared/api'
import {
  bookingSchema,
  checkInSchema,
  closureResultSchema,
  createBookingSchema,
  createClosureSchema,
  createServiceSchema,
  createStationSchema,
  joinWaitlistSchema,
  myBookingsQuerySchema,
  patchServiceSchema,
  patchStationSchema,
  serviceSchema,
  slotDaySchema,
  slotsQuerySchema,
  staffBookingSchema,
  staffBookingsQuerySchema,
  stationDetailSchema,
  stationListQuerySchema,
  stationSummarySchema,
  waitlistEntrySchema,
} from '../../../shared/stations'
import { actorOf, signedIn, staffOnly } from '../../auth/guards'
import type { Deps } from '../../deps'
import { bearerSecurity, createRouter, errorResponses, jsonBody, jsonResponse } from '../../lib/openapi'
import * as service from './service'

const idParams = z.object({ id: z.uuid() })

/** 驿站预约: stations and their services, slots, bookings, waitlists, check-in and station management. */
export function stationsRoutes(deps: Deps) {
  const { clock } = deps
  return (
    createRouter()
      // Anyone, signed in or not, may look.
      .openapi(
        createRoute({
          method: 'get',
          path: '/stations',
          tags: ['stations'],
          summary: 'Stations, nearest first with lat/lng (each with distanceMeters), else by name',
          request: { query: stationListQuerySchema },
          responses: {
            200: jsonResponse(pageSchema(stationSummarySchema), 'Stations'),
            ...errorResponses(400),
          },
        }),
        async (c) => c.json(await service.listStations(c.get('db'), clock, c.get('actor'), c.req.valid('query')), 200),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/stations/{id}',
          tags: ['stations'],
          summary: 'One station with its services, opening hours and coming closures',
          request: { params: idParams },
          responses: { 200: jsonResponse(stationDetailSchema, 'The station'), ...errorResponses(400, 404) },
        }),
        async (c) => c.json(await service.getStation(c.get('db'), clock, c.get('actor'), c.req.valid('param').id), 200),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/services/{id}/slots',
          tags: ['stations'],
          summary: "A day's slots (Asia/Shanghai) with the seats remaining; none outside the window or on a closure",
          request: { params: idParams, query: slotsQuerySchema },
          responses: { 200: jsonResponse(slotDaySchema, 'The day'), ...errorResponses(400, 404) },
        }),
        async (c) =>
          c.json(
            await service.listSlots(
              c.get('db'),
              clock,
              c.get('actor'),
              c.req.valid('param').id,
              c.req.valid('query').date,
            ),
            200,
          ),
      )
      // Residents.
      .openapi(
        createRoute({
          method: 'post',
          path: '/bookings',
          tags: ['bookings'],
          summary: 'Book 1–4 seats of a slot; answers the check-in code',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { body: jsonBody(createBookingSchema) },
          responses: {
            201: jsonResponse(bookingSchema, 'Booked'),
            ...errorResponses(400, 401, 404, 409),
          },
        }),
        async (c) => c.json(await service.book(c.get('db'), clock, actorOf(c), c.req.valid('json')), 201),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/me/bookings',
          tags: ['bookings'],
          summary: 'My bookings: upcoming (soonest first) or past (latest first)',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { query: myBookingsQuerySchema },
          responses: { 200: jsonResponse(pageSchema(bookingSchema), 'Bookings'), ...errorResponses(400, 401) },
        }),
        async (c) => c.json(await service.listMyBookings(c.get('db'), clock, actorOf(c), c.req.valid('query')), 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/bookings/{id}/cancel',
          tags: ['bookings'],
          summary: "The booker cancels before the service's cut-off; the seats go to the waitlist in order",
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams },
          responses: {
            200: jsonResponse(bookingSchema, 'Cancelled'),
            ...errorResponses(400, 401, 404, 409),
          },
        }),
        async (c) => c.json(await service.cancelBooking(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/slots/{id}/waitlist',
          tags: ['bookings'],
          summary: 'Join the first-come-first-served waitlist of a slot too full for the party',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams, body: jsonBody(joinWaitlistSchema) },
          responses: {
            201: jsonResponse(waitlistEntrySchema, 'Waiting'),
            ...errorResponses(400, 401, 404, 409),
          },
        }),
        async (c) =>
          c.json(
            await service.joinWaitlist(
              c.get('db'),
              clock,
              actorOf(c),
              c.req.valid('param').id,
              c.req.valid('json').partySize,
            ),
            201,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/me/waitlist',
          tags: ['bookings'],
          summary: 'My places on waitlists of slots still to come',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { query: pageQuerySchema },
          responses: { 200: jsonResponse(pageSchema(waitlistEntrySchema), 'Waiting'), ...errorResponses(400, 401) },
        }),
        async (c) => c.json(await service.listMyWaitlist(c.get('db'), clock, actorOf(c)), 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/waitlist/{id}/cancel',
          tags: ['bookings'],
          summary: 'Leave a waitlist',
          security: bearerSecurity,
          middleware: [signedIn],
          request: { params: idParams },
          responses: {
            200: jsonResponse(waitlistEntrySchema, 'Left'),
            ...errorResponses(400, 401, 404, 409),
          },
        }),
        async (c) => c.json(await service.leaveWaitlist(c.get('db'), clock, actorOf(c), c.req.valid('param').id), 200),
      )
      // Staff of the station's community.
      .openapi(
        createRoute({
          method: 'post',
          path: '/bookings/check-in',
          tags: ['bookings'],
          summary: "Check a booking in by its code (staff of the station's community); idempotent",
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { body: jsonBody(checkInSchema) },
          responses: {
            200: jsonResponse(staffBookingSchema, 'Checked in'),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        }),
        async (c) => c.json(await service.checkIn(c.get('db'), clock, actorOf(c), c.req.valid('json').code), 200),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: '/services/{id}/bookings',
          tags: ['bookings'],
          summary: "A service's bookings on a day, by slot (staff of the station's community)",
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, query: staffBookingsQuerySchema },
          responses: {
            200: jsonResponse(pageSchema(staffBookingSchema), 'Bookings of the day'),
            ...errorResponses(400, 401, 403, 404),
          },
        }),
        async (c) =>
          c.json(
            await service.listServiceBookings(
              c.get('db'),
              clock,
              actorOf(c),
              c.req.valid('param').id,
              c.req.valid('query').date,
            ),
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/stations',
          tags: ['stations'],
          summary: 'Add a station to a community the caller is staff of',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { body: jsonBody(createStationSchema) },
          responses: {
            201: jsonResponse(stationDetailSchema, 'Created'),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        }),
        async (c) => c.json(await service.createStation(c.get('db'), clock, actorOf(c), c.req.valid('json')), 201),
      )
      .openapi(
        createRoute({
          method: 'patch',
          path: '/stations/{id}',
          tags: ['stations'],
          summary: 'Change a station (active: false takes it off the public list)',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, body: jsonBody(patchStationSchema) },
          responses: {
            200: jsonResponse(stationDetailSchema, 'Changed'),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        }),
        async (c) =>
          c.json(
            await service.updateStation(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/stations/{id}/services',
          tags: ['stations'],
          summary: 'Add a service with its slot length, capacity, booking window, cut-off and weekly schedule',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, body: jsonBody(createServiceSchema) },
          responses: {
            201: jsonResponse(serviceSchema, 'Created'),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        }),
        async (c) =>
          c.json(
            await service.createService(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            201,
          ),
      )
      .openapi(
        createRoute({
          method: 'patch',
          path: '/services/{id}',
          tags: ['stations'],
          summary: 'Change a service; a new schedule replaces the old, a new capacity applies to slots to come',
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, body: jsonBody(patchServiceSchema) },
          responses: {
            200: jsonResponse(serviceSchema, 'Changed'),
            ...errorResponses(400, 401, 403, 404, 422),
          },
        }),
        async (c) =>
          c.json(
            await service.updateService(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: '/stations/{id}/closures',
          tags: ['stations'],
          summary: "Close a station for a day: that day's bookings are cancelled and their holders notified",
          security: bearerSecurity,
          middleware: [staffOnly],
          request: { params: idParams, body: jsonBody(createClosureSchema) },
          responses: {
            201: jsonResponse(closureResultSchema, 'Closed'),
            ...errorResponses(400, 401, 403, 404, 409, 422),
          },
        }),
        async (c) =>
          c.json(
            await service.closeStation(c.get('db'), clock, actorOf(c), c.req.valid('param').id, c.req.valid('json')),
            201,
          ),
      )
  )
}
