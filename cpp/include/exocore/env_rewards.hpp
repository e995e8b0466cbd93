// Pure functions behind the reward terms (paper eqs. 7-9, 12-14).
#pragma once

#include <Eigen/Core>
#include <vector>

namespace exocore {

/// Convex hull (counter-clockwise, no repeated points) of 2-D points.
std::vector<Eigen::Vector2d> convex_hull(std::vector<Eigen::Vector2d> points);

/// Whether p lies inside or on a counter-clockwise convex polygon (a point or a
/// segment counts as a polygon of zero area: p must lie on it within `tolerance`).
bool inside_convex(const std::vector<Eigen::Vector2d>& hull, const Eigen::Vector2d& p,
                   double tolerance = 1e-9);

/// Paper eq. 9: exp(-sigma ||D(cop, S)||^2) when the centre of pressure lies in the
/// support polygon S (D: distance to the polygon's centroid), else 0; 0 without
/// contact. Points are ground-plane (x, z) coordinates, weights their normal forces.
double cop_reward(const std::vector<Eigen::Vector2d>& contact_points,
                  const std::vector<double>& normal_forces, double sigma);

/// exp(-sigma * value) for value >= 0 (every other term).
double exp_reward(double value, double sigma);

}  // namespace exocore
