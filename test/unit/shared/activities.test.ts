import { describe, expect, it } from 'vitest'
import { activityActions, type ActivityViewerState } from '../../../src/shared/activities'
import { wishActions } from '../../../src/shared/wishes'

const HOUR = 3_600_000
const base: ActivityViewerState = {
  status: 'published',
  now: 0,
  signupClosesAt: 10 * HOUR,
  startsAt: 20 * HOUR,
  endsAt: 22 * HOUR,
  isStaff: false,
  isResidentHere: true,
  isVolunteerHere: false,
  hasSignup: false,
  holdsPost: false,
  seatsLeft: 5,
  postsLeft: 2,
}

describe('activityActions', () => {
  it('offers sign-up to a resident of the community while seats are left and before the deadline', () => {
    expect(activityActions(base)).toEqual(['signup'])
    expect(activityActions({ ...base, seatsLeft: 0 })).toEqual([])
    expect(activityActions({ ...base, seatsLeft: null })).toEqual(['signup'])
    expect(activityActions({ ...base, now: 10 * HOUR })).toEqual([])
    expect(activityActions({ ...base, isResidentHere: false })).toEqual([])
    expect(activityActions({ ...base, hasSignup: true })).toEqual(['cancelSignup'])
    expect(activityActions({ ...base, hasSignup: true, now: 11 * HOUR })).toEqual([])
  })

  it('offers a post to an active volunteer of the community until the start, and one post at a time', () => {
    const volunteer = { ...base, isResidentHere: false, isVolunteerHere: true }
    expect(activityActions(volunteer)).toEqual(['claimPost'])
    expect(activityActions({ ...volunteer, postsLeft: 0 })).toEqual([])
    expect(activityActions({ ...volunteer, holdsPost: true })).toEqual(['releasePost'])
    expect(activityActions({ ...volunteer, holdsPost: true, now: 20 * HOUR })).toEqual([])
  })

  it('gives staff check-in while published, and completion from the start', () => {
    const staff = { ...base, isResidentHere: false, isStaff: true }
    expect(activityActions(staff)).toEqual(['checkIn'])
    expect(activityActions({ ...staff, now: 20 * HOUR })).toEqual(['checkIn', 'complete'])
    expect(activityActions({ ...staff, status: 'completed', now: 30 * HOUR })).toEqual([])
  })
})

describe('wishActions for 帮帮团', () => {
  const volunteer = { isOwner: false, isClaimer: false, isStaff: false, isVolunteerHere: true }
  it('offers joining a claimed team wish with room, never to a member or the owner, and never an ordinary one', () => {
    expect(wishActions('claimed', volunteer, { size: 3, count: 1 })).toEqual(['claim'])
    expect(wishActions('claimed', volunteer, { size: 3, count: 3 })).toEqual([])
    expect(wishActions('claimed', volunteer, { size: 1, count: 1 })).toEqual([])
    expect(wishActions('claimed', volunteer)).toEqual([])
    expect(wishActions('claimed', { ...volunteer, isClaimer: true }, { size: 3, count: 1 })).toEqual([
      'release',
      'fulfil',
    ])
    expect(wishActions('claimed', { ...volunteer, isOwner: true }, { size: 3, count: 1 })).toEqual([])
  })
})
