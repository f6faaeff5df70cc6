/**
 * SQL with its values kept apart from its text. Written with the `sql` tag, a statement reads as the SQL it is and
 * each `${value}` becomes a parameter; a `${fragment}` (another `sql` value) is spliced in with its own values.
 * Parameters are numbered only when the statement is sent (`toQuery`), so no code above `db/` knows a position.
 *
 * Each interpolation is a parameter of its own, also when the same value is written twice: the text of a
 * statement then depends only on the code that built it, never on the values, so the server sees a few hundred
 * distinct texts and can keep their plans.
 */
export class Sql {
  /** `texts.length === values.length + 1`; values never hold an Sql (fragments are flattened on construction). */
  private constructor(
    readonly texts: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** @internal Builds from template parts, flattening any fragment among the values. */
  static of(strings: readonly string[], values: readonly unknown[]): Sql {
    const texts: string[] = [strings[0]!]
    const flat: unknown[] = []
    values.forEach((value, i) => {
      if (value instanceof Sql) {
        texts[texts.length - 1] += value.texts[0]
        for (let j = 0; j < value.values.length; j++) {
          flat.push(value.values[j])
          texts.push(value.texts[j + 1]!)
        }
        texts[texts.length - 1] += strings[i + 1]
      } else {
        flat.push(value)
        texts.push(strings[i + 1]!)
      }
    })
    return new Sql(texts, flat)
  }
}

/** Tags a statement or a fragment of one: `sql\`SELECT * FROM wishes WHERE id = ${id}\``. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return Sql.of(strings, values)
}

/** Text written in the code, spliced as it is: never a value that came from a request. */
sql.raw = (text: string): Sql => Sql.of([text], [])

/** The fragments one after another, with `separator` between them. */
sql.join = (fragments: readonly Sql[], separator: Sql = sql`, `): Sql => {
  const parts = fragments.flatMap((fragment, i) => (i === 0 ? [fragment] : [separator, fragment]))
  return Sql.of(['', ...parts.map(() => '')], parts)
}

/** No SQL at all, for a part a statement may leave out. */
sql.empty = Sql.of([''], [])

/** The statement as the driver takes it, its parameters numbered from `first` (after any the caller adds before). */
export function toQuery(statement: Sql, first = 1): { text: string; params: unknown[] } {
  let text = statement.texts[0]!
  for (let i = 0; i < statement.values.length; i++) text += `$${first + i}${statement.texts[i + 1]}`
  return { text, params: [...statement.values] }
}
