library(dplyr)
library(ggplot2)

sales <- read.csv("sales.csv", stringsAsFactors = FALSE)

monthly <- sales %>%
  mutate(month = format(as.Date(date), "%Y-%m")) %>%
  group_by(month, region) %>%
  summarise(total = sum(amount), .groups = "drop")

ggplot(monthly, aes(x = month, y = total, colour = region, group = region)) +
  geom_line() +
  theme_minimal()
ggsave("monthly.png", width = 8, height = 4)
