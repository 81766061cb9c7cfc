declare namespace Api {
  interface User {
    id: number
    email: string
  }
  type Handler = (request: Request) => Promise<Response>
}

export = Api
