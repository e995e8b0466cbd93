// The one class that owns a DART world: skeletons, ground, contacts, time step.
#pragma once

#include <Eigen/Core>
#include <memory>

namespace dart::dynamics {
class Skeleton;
}
namespace dart::simulation {
class World;
}

namespace exocore {

struct WorldParams {
  double time_step = 1.0 / 600.0;  ///< s (the paper's MASS lineage: 600 Hz)
  Eigen::Vector3d gravity = Eigen::Vector3d(0.0, -9.81, 0.0);  ///< y is up
  double ground_friction = 1.0;
};

class World {
 public:
  explicit World(const WorldParams& params = {});
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  /// Adds a skeleton (names must be unique) and returns it.
  void add_skeleton(const std::shared_ptr<dart::dynamics::Skeleton>& skeleton);
  /// A fixed box, 1 m thick, whose top face is the plane y = height: `length` [m] along
  /// +z from z = -10 m (room for long runs forward) and `width` [m] along x, centred on
  /// x = 0. Both must be positive.
  void add_ground(double height = 0.0, double length = 200.0, double width = 20.0);
  /// One DART step: applies each skeleton's current forces, integrates, solves contacts.
  void step();
  double time() const;
  double time_step() const;
  dart::simulation::World& dart_world() { return *world_; }

 private:
  std::shared_ptr<dart::simulation::World> world_;
  WorldParams params_;
};

}  // namespace exocore
