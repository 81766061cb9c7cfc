region  = "eu-west-1"
project = "shortener-prod"
