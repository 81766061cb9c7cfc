vault {
  address = "https://vault.example.com:8200"
}

auto_auth {
  method "kubernetes" {
    config = {
      role = "platform"
    }
  }
}
