// The CUDA backend (built only with CUDA): the nn::Backend class lives here, in host C++ (C++23, as
// core), and calls the kernels' plain launchers (launch.hpp, the .cu files, C++17 under nvcc). Until its
// ops are written, asking for it is an error, so --device auto keeps the CPU and --device cuda says why.
#include "gpu/backend.hpp"

#include <string>

namespace llada::gpu {

Result<const nn::Backend*> cuda_backend(int index) {
  return fail("the CUDA backend's ops are not written yet (device " + std::to_string(index) + " found)",
              "use the CPU (--device cpu) for now");
}

}  // namespace llada::gpu
