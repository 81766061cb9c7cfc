// Everything a plugin author needs.
#pragma once
#include "ax/sdk/args.hpp"
#include "ax/sdk/host.hpp"
#include "ax/sdk/imports.hpp"
#include "ax/sdk/json.hpp"
#include "ax/sdk/language.hpp"
#include "ax/sdk/maintenance.hpp"
#include "ax/sdk/model.hpp"
#include "ax/sdk/plugin.hpp"
#include "ax/sdk/storage.hpp"
#include "ax/sdk/text.hpp"
#include "ax/sdk/units.hpp"
#include "ax/sdk/version.hpp"
