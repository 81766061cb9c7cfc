import type { Meta, StoryObj } from '@storybook/react'
import { Button } from './button'

const meta: Meta<typeof Button> = { component: Button, title: 'Controls/Button' }
export default meta

export const Primary: StoryObj<typeof Button> = { args: { variant: 'primary', children: 'Save' } }
export const Disabled: StoryObj<typeof Button> = { args: { disabled: true, children: 'Save' } }
