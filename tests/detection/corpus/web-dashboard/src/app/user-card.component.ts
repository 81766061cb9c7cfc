import { Component, EventEmitter, Input, Output } from '@angular/core'

export interface User {
  id: number
  name: string
}

@Component({
  selector: 'app-user-card',
  template: `<div class="card" (click)="selected.emit(user)">{{ user.name }}</div>`,
  standalone: true,
})
export class UserCardComponent {
  @Input({ required: true }) user!: User
  @Output() selected = new EventEmitter<User>()
}
