// A restricted unpickler for the data.pkl of a torch.save state dict. It
// never calls anything: the few callables a state dict names
// (collections.OrderedDict, torch._utils._rebuild_tensor(_v2) /
// _rebuild_parameter(_with_state), the torch.*Storage types as persistent-id
// tags, LibTorch's restore_type_tag/build_*list) are interpreted here as data
// constructors, and every tensor comes back as a description of its storage
// record and view. Anything else is refused.
#pragma once

#include <cstddef>
#include <vector>

#include "io/torch_archive.h"

namespace facellava::io {

// The state dict's tensors in file order (storage_key/numel/dtype filled from
// the persistent ids, views checked to fit inside their storage). Throws
// facellava::Error with an empty path (the caller names the file) when the
// pickle is damaged, names a forbidden global, or is not a dict of str →
// tensor. check_pickle_opcodes should have run first.
std::vector<TorchArchiveEntry> read_state_dict_pickle(const char* data, size_t size);

}  // namespace facellava::io
