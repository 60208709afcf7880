// What the trainer tests share: a batch source a zero-layer model learns in a few dozen steps.
#pragma once

#include <cstdint>

namespace llada::test {

// Rows of the repeating sequence 0,1,…,V−1,0,1,… starting at a step-dependent offset: next-token
// prediction is learnable by a zero-layer model (each token has one successor).
template <int V>
void cyclic_batch(uint64_t index, int B, int T, int32_t* inputs, int32_t* targets) {
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t) {
      const int start = static_cast<int>((index * 7 + static_cast<uint64_t>(b) * 3) % V);
      inputs[b * T + t] = (start + t) % V;
      targets[b * T + t] = (start + t + 1) % V;
    }
}

}  // namespace llada::test
