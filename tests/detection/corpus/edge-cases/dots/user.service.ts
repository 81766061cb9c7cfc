export class UserService {
  normaliseEmail(raw: string): string {
    return raw.trim().toLowerCase()
  }
}
