// A curve kept under `cap` points and evenly spaced over the whole run.
//
// When the curve fills up, neighbouring pairs fold into one point and from then on one point stands
// for twice as many raw ones. (Dropping every other point each time the curve fills up, as a plain
// decimation does, leaves the oldest part sparser and sparser: after 8 000 steps the first half of a
// loss curve had a handful of points and the last part hundreds, which reads as a change of behaviour
// that never happened.)
//
// Fold::First shows each bin as its first raw point (evaluations: the step-0 point, the untrained
// model at −ln V, is never lost). Fold::Mean shows it as the mean loss of its raw points, at the step of
// the last one (the training loss: each point is then the mean of equally many steps, not a sample of
// one noisy step); raw points wait until their bin is complete.
#pragma once

#include <cstdint>
#include <vector>

namespace llada::train {

template <class P>
class EvenHistory {
 public:
  enum class Fold { First, Mean };
  explicit EvenHistory(Fold fold = Fold::First) : fold_(fold) {}

  void clear(std::vector<P>& h) {
    h.clear();
    per_point_ = 1;
    n_ = 0;
    sum_ = 0;
  }

  // Raw points per shown point now (1 until the curve first fills up, then 2, 4, …).
  uint64_t per_point() const { return per_point_; }

  void push(std::vector<P>& h, const P& p, int cap) {
    if (fold_ == Fold::Mean) {
      if constexpr (requires { p.loss; }) {
        sum_ += p.loss;
        if (++n_ < per_point_) return;
        P q = p;
        q.loss = static_cast<decltype(p.loss)>(sum_ / static_cast<double>(n_));
        h.push_back(q);
        n_ = 0;
        sum_ = 0;
      }
    } else {
      if (n_ == 0) h.push_back(p);
      if (++n_ == per_point_) n_ = 0;
    }
    if (cap > 1 && h.size() >= static_cast<size_t>(cap)) fold(h);
  }

 private:
  void fold(std::vector<P>& h) {
    const size_t pairs = h.size() / 2;
    const bool odd = h.size() % 2 == 1;
    for (size_t i = 0; i < pairs; ++i) {
      P q = h[2 * i];
      if constexpr (requires { q.loss; }) {
        if (fold_ == Fold::Mean) {
          q = h[2 * i + 1];
          q.loss = static_cast<decltype(q.loss)>((static_cast<double>(h[2 * i].loss) + h[2 * i + 1].loss) / 2);
        }
      }
      h[i] = q;
    }
    if (fold_ == Fold::Mean) {
      // A lone last point is a half-filled bin of the doubled size: its raw points go back to waiting.
      if (odd) {
        if constexpr (requires { h.back().loss; }) sum_ = static_cast<double>(h.back().loss) * static_cast<double>(per_point_);
        n_ = per_point_;
      }
      h.resize(pairs);
    } else {
      // Even: the last shown point's bin (n_ raw points in so far) is now the second half of a bin
      // whose first half is full. Odd: the lone last point starts a bin of the doubled size.
      const uint64_t in_last = n_ == 0 ? per_point_ : n_;  // raw points behind the last shown one
      if (odd) h[pairs] = h.back();
      n_ = odd ? in_last : per_point_ + in_last;
      h.resize(pairs + (odd ? 1 : 0));
    }
    per_point_ *= 2;
    if (n_ == per_point_) n_ = 0;
  }

  Fold fold_;
  uint64_t per_point_ = 1;
  uint64_t n_ = 0;  // raw points taken into the current bin
  double sum_ = 0;  // Fold::Mean: their loss sum
};

}  // namespace llada::train
