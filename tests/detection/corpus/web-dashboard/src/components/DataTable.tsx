import { type ReactNode } from 'react'

interface Column<Row> {
  key: keyof Row & string
  header: string
  render?: (row: Row) => ReactNode
}

export function DataTable<Row extends { id: string | number }>({ rows, columns }: { rows: Row[]; columns: Column<Row>[] }) {
  return (
    <table>
      <thead>
        <tr>{columns.map((c) => <th key={c.key}>{c.header}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            {columns.map((c) => <td key={c.key}>{c.render ? c.render(row) : String(row[c.key])}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
