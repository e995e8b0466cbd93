#include "exocore/world.hpp"

#include <cmath>
#include <dart/collision/dart/DARTCollisionDetector.hpp>
#include <dart/constraint/ConstraintSolver.hpp>
#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/BoxShape.hpp>
#include <dart/dynamics/ShapeNode.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <dart/dynamics/WeldJoint.hpp>
#include <dart/simulation/World.hpp>
#include <stdexcept>

namespace exocore {

World::World(const WorldParams& params)
    : world_(dart::simulation::World::create("exocore")), params_(params) {
  if (!(params.time_step > 0.0)) throw std::invalid_argument("time_step must be positive");
  world_->setTimeStep(params.time_step);
  world_->setGravity(params.gravity);
  // Created directly, never through the factory registry (see DESIGN.md: dartpy
  // shares that registry and can crash the process).
  world_->getConstraintSolver()->setCollisionDetector(
      dart::collision::DARTCollisionDetector::create());
}

World::~World() = default;

void World::add_skeleton(const std::shared_ptr<dart::dynamics::Skeleton>& skeleton) {
  if (!skeleton) throw std::invalid_argument("add_skeleton: null skeleton");
  if (world_->getSkeleton(skeleton->getName())) {
    throw std::invalid_argument("a skeleton named '" + skeleton->getName() +
                                "' is already in the world");
  }
  world_->addSkeleton(skeleton);
}

void World::add_ground(double height, double length, double width) {
  using namespace dart::dynamics;
  if (!std::isfinite(height)) throw std::invalid_argument("add_ground: height must be finite");
  if (!(length > 0.0 && std::isfinite(length))) {
    throw std::invalid_argument("add_ground: length must be positive");
  }
  if (!(width > 0.0 && std::isfinite(width))) {
    throw std::invalid_argument("add_ground: width must be positive");
  }
  constexpr double kBehind = 10.0;  // m of ground behind the origin (z < 0)
  constexpr double kThickness = 1.0;
  SkeletonPtr ground = Skeleton::create("ground");
  WeldJoint::Properties joint;
  joint.mName = "ground_weld";
  joint.mT_ParentBodyToJoint.translation() =
      Eigen::Vector3d(0.0, height - 0.5 * kThickness, 0.5 * length - kBehind);
  BodyNode* body = ground->createJointAndBodyNodePair<WeldJoint>(nullptr, joint).second;
  body->setName("ground");
  auto* node = body->createShapeNodeWith<VisualAspect, CollisionAspect, DynamicsAspect>(
      std::make_shared<BoxShape>(Eigen::Vector3d(width, kThickness, length)));
  node->getDynamicsAspect()->setFrictionCoeff(params_.ground_friction);
  add_skeleton(ground);
}

void World::step() { world_->step(); }

double World::time() const { return world_->getTime(); }

double World::time_step() const { return world_->getTimeStep(); }

}  // namespace exocore
