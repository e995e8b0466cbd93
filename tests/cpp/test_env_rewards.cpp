// Support polygon and centre-of-pressure reward (paper eq. 9) on analytic cases.
#include <gtest/gtest.h>

#include <cmath>

#include "exocore/env_rewards.hpp"

namespace exocore {
namespace {

using V = Eigen::Vector2d;

TEST(ConvexHull, DropsInteriorAndCollinearPoints) {
  const auto hull = convex_hull({V(0, 0), V(1, 0), V(1, 1), V(0, 1), V(0.5, 0.5), V(0.5, 0.0)});
  ASSERT_EQ(hull.size(), 4u);
  double area = 0.0;  // shoelace: positive for counter-clockwise
  for (std::size_t i = 0; i < hull.size(); ++i) {
    const V& a = hull[i];
    const V& b = hull[(i + 1) % hull.size()];
    area += 0.5 * (a.x() * b.y() - b.x() * a.y());
  }
  EXPECT_DOUBLE_EQ(area, 1.0);
  EXPECT_TRUE(inside_convex(hull, V(0.2, 0.9)));
  EXPECT_TRUE(inside_convex(hull, V(1.0, 0.5)));  // on an edge
  EXPECT_FALSE(inside_convex(hull, V(1.01, 0.5)));
  EXPECT_TRUE(inside_convex(convex_hull({V(0, 0), V(2, 0)}), V(1, 0)));  // a line contact
  EXPECT_FALSE(inside_convex(convex_hull({V(0, 0), V(2, 0)}), V(1, 0.1)));
}

TEST(CopReward, CentredPressureScoresOneAndOutsideScoresZero) {
  const std::vector<V> foot = {V(0, 0), V(0.1, 0), V(0.1, 0.25), V(0, 0.25)};
  EXPECT_DOUBLE_EQ(cop_reward(foot, {1, 1, 1, 1}, 10.0), 1.0);
  // Pressure on the heel edge: CoP at (0.05, 0), 0.125 m from the centroid.
  const double heel = cop_reward(foot, {1, 1, 0, 0}, 10.0);
  EXPECT_NEAR(heel, std::exp(-10.0 * 0.125 * 0.125), 1e-12);
  EXPECT_EQ(cop_reward({}, {}, 10.0), 0.0);  // airborne
  EXPECT_EQ(cop_reward(foot, {0, 0, 0, 0}, 10.0), 0.0);
}

TEST(ExpReward, OneAtZeroAndDecaying) {
  EXPECT_EQ(exp_reward(0.0, 3.0), 1.0);
  EXPECT_NEAR(exp_reward(2.0, 0.5), std::exp(-1.0), 1e-15);
  EXPECT_EQ(exp_reward(-1.0, 0.5), 1.0);  // negative inputs are clamped
}

}  // namespace
}  // namespace exocore
