export {}

declare global {
  interface Window {
    __DASHBOARD_BUILD__: string
  }
}

declare module '*.svg' {
  const url: string
  export default url
}
