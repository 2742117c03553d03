// --image-tower DIR / --video-tower DIR: the LanguageBind towers of a released
// checkpoint when they are neither embedded, beside it, nor in a Hugging Face
// cache. Declared once so every command that loads a checkpoint (and
// `checkpoint inspect`, which must search the same places) spells them alike.
#pragma once

#include "cli_args.h"
#include "facellava/model/checkpoint_report.h"

namespace facellava::cli {

void add_tower_options(CommandSpec& spec);
// Empty fields where an option is absent: the model library then searches as
// checkpoint_report.h describes.
model::TowerLocations towers_from(const ParsedArgs& args);

}  // namespace facellava::cli
