variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "project" {
  type        = string
  description = "Prefix for every resource name"
}
