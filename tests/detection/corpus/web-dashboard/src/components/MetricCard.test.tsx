import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { MetricCard } from './MetricCard'

describe('MetricCard', () => {
  it('shows the label and the formatted value', () => {
    render(<MetricCard metric={{ id: 'cpu', label: 'CPU', value: 41.27, delta: -2 }} />)
    expect(screen.getByText('CPU')).toBeTruthy()
    expect(screen.getByText('41.3')).toBeTruthy()
  })
})
