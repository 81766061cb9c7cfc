function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".corp.example.com")) {
    return "DIRECT";
  }
  return "PROXY proxy.example.com:3128; DIRECT";
}
