// The safety gate in front of our own unpickler for torch.save checkpoints
// (.bin/.pt, io/torch_pickle.h): a pickle may call only what a state dict
// needs (OrderedDict, the tensor/parameter rebuild functions, storage types,
// LibTorch's list and type-tag helpers). Every opcode is walked before the
// unpickler sees the file, so posix.system, builtins.eval, INST, STACK_GLOBAL of anything else
// or the extension registry are refused before anything is built.
#pragma once

#include <cstddef>
#include <string>

namespace facellava::io {

// Whether GLOBAL `module`.`name` is one a state dict may name.
bool allowed_pickle_global(const std::string& module, const std::string& name);

// Walks every opcode of a pickle (protocols 0-5); throws std::runtime_error
// naming the first forbidden call, an unknown opcode or a truncated pickle.
void check_pickle_opcodes(const char* data, size_t size);

}  // namespace facellava::io
