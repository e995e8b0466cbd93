#include "exocore/env_rewards.hpp"

#include <algorithm>
#include <cmath>

namespace exocore {
namespace {
double cross(const Eigen::Vector2d& o, const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
}

double distance_to_segment(const Eigen::Vector2d& p, const Eigen::Vector2d& a,
                           const Eigen::Vector2d& b) {
  const Eigen::Vector2d ab = b - a;
  const double len2 = ab.squaredNorm();
  const double t = len2 > 0.0 ? std::clamp((p - a).dot(ab) / len2, 0.0, 1.0) : 0.0;
  return (a + t * ab - p).norm();
}
}  // namespace

std::vector<Eigen::Vector2d> convex_hull(std::vector<Eigen::Vector2d> pts) {
  // Andrew's monotone chain.
  std::sort(pts.begin(), pts.end(), [](const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
    return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
  });
  pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
  if (pts.size() < 3) return pts;
  std::vector<Eigen::Vector2d> hull(2 * pts.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0.0) --k;
    hull[k++] = pts[i];
  }
  for (std::size_t i = pts.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0.0) --k;
    hull[k++] = pts[i];
  }
  hull.resize(k - 1);
  return hull;
}

bool inside_convex(const std::vector<Eigen::Vector2d>& hull, const Eigen::Vector2d& p,
                   double tolerance) {
  if (hull.empty()) return false;
  if (hull.size() == 1) return (hull[0] - p).norm() <= tolerance;
  if (hull.size() == 2) return distance_to_segment(p, hull[0], hull[1]) <= tolerance;
  for (std::size_t i = 0; i < hull.size(); ++i) {
    const Eigen::Vector2d& a = hull[i];
    const Eigen::Vector2d& b = hull[(i + 1) % hull.size()];
    if (cross(a, b, p) < -tolerance * (b - a).norm()) return false;
  }
  return true;
}

double cop_reward(const std::vector<Eigen::Vector2d>& points, const std::vector<double>& forces,
                  double sigma) {
  if (points.empty()) return 0.0;
  double total = 0.0;
  Eigen::Vector2d cop = Eigen::Vector2d::Zero();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double w = std::max(forces[i], 0.0);
    cop += w * points[i];
    total += w;
  }
  if (!(total > 0.0)) return 0.0;
  cop /= total;
  const std::vector<Eigen::Vector2d> hull = convex_hull(points);
  if (!inside_convex(hull, cop, 1e-6)) return 0.0;
  Eigen::Vector2d centroid = Eigen::Vector2d::Zero();
  for (const auto& v : hull) centroid += v;
  centroid /= static_cast<double>(hull.size());
  return std::exp(-sigma * (cop - centroid).squaredNorm());
}

double exp_reward(double value, double sigma) { return std::exp(-sigma * std::max(value, 0.0)); }

}  // namespace exocore
