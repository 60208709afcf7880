#include "app/i18n/i18n.hpp"
#include "app/panels/train_view.hpp"

namespace llada::app {

LossCurve loss_curve(const train::Snapshot& s, bool validation, const std::string& who) {
  LossCurve c;
  c.label = who + (validation ? tr(" validation") : tr(" train"));
  c.key = who + (validation ? "_validation" : "_train");
  for (const auto& p : validation ? s.val_loss : s.train_loss) {
    c.x.push_back(double(p.step));
    c.y.push_back(double(p.loss));
  }
  return c;
}

LossCurve thinned(const LossCurve& c, size_t max_points) {
  if (c.x.size() <= max_points || max_points < 2) return c;
  LossCurve t{c.label, {}, {}, c.key};
  const size_t k = (c.x.size() + max_points - 1) / max_points;
  for (size_t i = 0; i < c.x.size(); i += k) t.x.push_back(c.x[i]), t.y.push_back(c.y[i]);
  if (t.x.back() != c.x.back()) t.x.push_back(c.x.back()), t.y.push_back(c.y.back());
  return t;
}

widgets::Table loss_table(const std::vector<LossCurve>& curves) {
  widgets::Table t;
  for (const auto& c : curves) {
    t.header.push_back(c.key + "_step");
    t.header.push_back(c.key + "_loss");
    t.columns.push_back(c.x);
    t.columns.push_back(c.y);
  }
  return t;
}

}  // namespace llada::app
