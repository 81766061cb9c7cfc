#ifndef CONFIG_LOADER_H
#define CONFIG_LOADER_H

#include <map>
#include <optional>
#include <string>

std::map<std::string, std::string> load_config(const std::string& path);
std::optional<int> config_int(const std::map<std::string, std::string>& config, const std::string& key);

#endif
