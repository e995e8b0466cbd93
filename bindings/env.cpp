// Bindings for env_model.hpp and batch.hpp: configuration structs and the batched
// environment with numpy outputs (copies) and the GIL released while stepping.
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <dart/dynamics/Skeleton.hpp>

#include "bindings.hpp"
#include "exocore/batch.hpp"

namespace exocore::bindings {
namespace {

template <typename T>
py::array_t<T> rows(const std::vector<T>& data, py::ssize_t n, py::ssize_t width) {
  py::array_t<T> out(width > 0 ? std::vector<py::ssize_t>{n, width} : std::vector<py::ssize_t>{n});
  std::copy(data.begin(), data.end(), out.mutable_data());
  return out;
}

py::array_t<bool> flags(const std::vector<std::uint8_t>& data) {
  py::array_t<bool> out(static_cast<py::ssize_t>(data.size()));
  std::copy(data.begin(), data.end(), out.mutable_data());
  return out;
}

}  // namespace

void bind_env(py::module_& m) {
  py::enum_<ExoCondition>(m, "ExoCondition")
      .value("NO_EXO", ExoCondition::NoExo)
      .value("ASSIST_OFF", ExoCondition::AssistOff)
      .value("ASSIST_ON", ExoCondition::AssistOn);
  py::enum_<HumanActuation>(m, "HumanActuation")
      .value("MUSCLES", HumanActuation::Muscles)
      .value("JOINT_TORQUES", HumanActuation::JointTorques)
      .value("MUSCLES_WITH_RESERVES", HumanActuation::MusclesWithReserves);

  py::class_<ReferenceMotion>(m, "ReferenceMotion")
      .def(py::init<>())
      .def_readwrite("rate", &ReferenceMotion::rate, "samples per second")
      .def_readwrite("positions", &ReferenceMotion::positions, "T x n_dofs")
      .def_readwrite("velocities", &ReferenceMotion::velocities, "T x n_dofs")
      .def_readwrite("phase", &ReferenceMotion::phase, "T, gait phase in [0, 1)");

  py::class_<StrapSpec>(m, "StrapSpec")
      .def(py::init<>())
      .def_readwrite("name", &StrapSpec::name)
      .def_readwrite("exo_body", &StrapSpec::exo_body)
      .def_readwrite("human_body", &StrapSpec::human_body)
      .def_readwrite("frames", &StrapSpec::frames, "on_a: exo frame, on_b: human frame")
      .def_readwrite("params", &StrapSpec::params);

  py::class_<ExoSpec>(m, "ExoSpec")
      .def(py::init<>())
      .def_readwrite("skeleton", &ExoSpec::skeleton)
      .def_readwrite("straps", &ExoSpec::straps)
      .def_readwrite("motor_dofs", &ExoSpec::motor_dofs, "(left, right) exo dofs")
      .def_readwrite("thigh_bodies", &ExoSpec::thigh_bodies, "(left, right) IMU bodies")
      .def_readwrite("actuator", &ExoSpec::actuator);

  py::class_<RewardConfig>(m, "RewardConfig")
      .def(py::init<>())
      .def_readwrite("w_pose", &RewardConfig::w_pose)
      .def_readwrite("w_root", &RewardConfig::w_root)
      .def_readwrite("w_cop", &RewardConfig::w_cop)
      .def_readwrite("w_muscle", &RewardConfig::w_muscle)
      .def_readwrite("w_energy", &RewardConfig::w_energy)
      .def_readwrite("w_smooth", &RewardConfig::w_smooth)
      .def_readwrite("sigma_pose", &RewardConfig::sigma_pose)
      .def_readwrite("sigma_root", &RewardConfig::sigma_root)
      .def_readwrite("sigma_cop", &RewardConfig::sigma_cop)
      .def_readwrite("sigma_muscle", &RewardConfig::sigma_muscle)
      .def_readwrite("sigma_energy", &RewardConfig::sigma_energy)
      .def_readwrite("sigma_smooth", &RewardConfig::sigma_smooth);

  py::class_<RandomizationConfig>(m, "RandomizationConfig")
      .def(py::init<>())
      .def_readwrite("enabled", &RandomizationConfig::enabled)
      .def_readwrite("exo_mass_scale", &RandomizationConfig::exo_mass_scale)
      .def_readwrite("exo_inertia_scale", &RandomizationConfig::exo_inertia_scale)
      .def_readwrite("exo_com_scale", &RandomizationConfig::exo_com_scale)
      .def_readwrite("motor_strength_scale", &RandomizationConfig::motor_strength_scale)
      .def_readwrite("friction", &RandomizationConfig::friction)
      .def_readwrite("latency_s", &RandomizationConfig::latency_s)
      .def_readwrite("muscle_strength_scale", &RandomizationConfig::muscle_strength_scale);

  py::class_<SoftLimitParams>(m, "SoftLimitParams")
      .def(py::init<>())
      .def_readwrite("stiffness", &SoftLimitParams::stiffness, "N m/rad past the limit")
      .def_readwrite("damping", &SoftLimitParams::damping, "N m s/rad while engaged");

  py::class_<BalanceFeedbackConfig>(m, "BalanceFeedbackConfig")
      .def(py::init<>())
      .def_readwrite("enabled", &BalanceFeedbackConfig::enabled)
      .def_readwrite("torso_gain", &BalanceFeedbackConfig::torso_gain)
      .def_readwrite("step_position_gain", &BalanceFeedbackConfig::step_position_gain,
                     "c_d [rad/m]")
      .def_readwrite("step_velocity_gain", &BalanceFeedbackConfig::step_velocity_gain,
                     "c_v [rad s/m]")
      .def_readwrite("weight_support", &BalanceFeedbackConfig::weight_support,
                     "share of body weight carried by the stance legs' J^T F")
      .def_readwrite("stance_speed", &BalanceFeedbackConfig::stance_speed,
                     "m/s: a reference foot is planted while its slowest sole corner moves slower");

  py::class_<EnvConfig>(m, "EnvConfig")
      .def(py::init<>())
      .def_readwrite("sim_hz", &EnvConfig::sim_hz)
      .def_readwrite("exo_hz", &EnvConfig::exo_hz)
      .def_readwrite("human_hz", &EnvConfig::human_hz)
      .def_readwrite("muscle_every", &EnvConfig::muscle_every)
      .def_readwrite("condition", &EnvConfig::condition)
      .def_readwrite("actuation", &EnvConfig::actuation)
      .def_readwrite("reserve_torque_limit", &EnvConfig::reserve_torque_limit,
                     "MUSCLES_WITH_RESERVES: bound of each reserve actuator [N m]")
      .def_readwrite("activation_dynamics", &EnvConfig::activation_dynamics,
                     "network output = excitation, Thelen 2003 activation dynamics")
      .def_readwrite("human_pd", &EnvConfig::human_pd)
      .def_readwrite("human_pd_scale", &EnvConfig::human_pd_scale)
      .def_readwrite("human_pd_tracks_reference", &EnvConfig::human_pd_tracks_reference)
      .def_readwrite("human_obs_root_error", &EnvConfig::human_obs_root_error,
                     "append the pelvis position error to the reference's (3) to the "
                     "human observation")
      .def_readwrite("balance", &EnvConfig::balance, "SIMBICON-style hip feedback (off: paper)")
      .def_readwrite("soft_joint_limits", &EnvConfig::soft_joint_limits,
                     "human joint limits as implicit springs (True) or DART constraints")
      .def_readwrite("joint_limits", &EnvConfig::joint_limits)
      .def_readwrite("max_episode_s", &EnvConfig::max_episode_s)
      .def_readwrite("fall_height_fraction", &EnvConfig::fall_height_fraction)
      .def_readwrite("imu_noise_std", &EnvConfig::imu_noise_std)
      .def_readwrite("safety_rom_fraction", &EnvConfig::safety_rom_fraction)
      .def_readwrite("random_start", &EnvConfig::random_start)
      .def_readwrite("start_time", &EnvConfig::start_time)
      .def_readwrite("reward", &EnvConfig::reward)
      .def_readwrite("randomization", &EnvConfig::randomization)
      .def_readwrite("ground_friction", &EnvConfig::ground_friction)
      .def_readwrite("pelvis_support_stiffness", &EnvConfig::pelvis_support_stiffness)
      .def_readwrite("pelvis_support_rotational_stiffness",
                     &EnvConfig::pelvis_support_rotational_stiffness)
      .def_readwrite("tuples_every_steps", &EnvConfig::tuples_every_steps);

  py::class_<EnvModel, std::shared_ptr<EnvModel>>(m, "EnvModel")
      .def(py::init<>())
      .def_readwrite("human", &EnvModel::human)
      .def_readwrite("muscles", &EnvModel::muscles)
      .def_readwrite("lower_limb", &EnvModel::lower_limb)
      .def_readwrite("hip_flexion_dofs", &EnvModel::hip_flexion_dofs, "(left, right)")
      .def_readwrite("human_thighs", &EnvModel::human_thighs, "(left, right)")
      .def_readwrite("has_exo", &EnvModel::has_exo)
      .def_readwrite("exo", &EnvModel::exo)
      .def_readwrite("reference", &EnvModel::reference)
      .def_readwrite("terrain", &EnvModel::terrain, "static scenery (stairs), roots welded")
      .def_readwrite("config", &EnvModel::config);
  m.def("validate_env_model", &validate_env_model, py::arg("model"));

  py::class_<BatchEnv>(m, "BatchEnv", "N closed-loop environments stepped on a thread pool.")
      .def(py::init([](const EnvModel& model, int num_envs, std::uint64_t seed, int threads) {
             return std::make_unique<BatchEnv>(std::make_shared<const EnvModel>(model), num_envs,
                                               seed, threads);
           }),
           py::arg("model"), py::arg("num_envs"), py::arg("seed") = 0, py::arg("num_threads") = 1)
      .def_property_readonly("num_envs", &BatchEnv::num_envs)
      .def_property_readonly("num_threads", &BatchEnv::num_threads)
      .def_property_readonly("human_obs_size", &BatchEnv::human_obs_size)
      .def_property_readonly("human_action_size", &BatchEnv::human_action_size)
      .def("reset", &BatchEnv::reset, py::arg("seed"))
      .def(
          "step",
          [](BatchEnv& b, const py::object& human, const py::object& exo) {
            auto h = checked_array(human, {b.num_envs(), b.human_action_size()}, "human_actions");
            auto e = checked_array(exo, {b.num_envs(), 2}, "exo_actions");
            py::gil_scoped_release release;
            b.step(h.data(), e.data());
          },
          py::arg("human_actions"), py::arg("exo_actions"))
      .def(
          "set_muscle_network",
          [](BatchEnv& b, py::array_t<float, py::array::c_style | py::array::forcecast> p) {
            if (!b.set_muscle_network(p.data(), static_cast<std::size_t>(p.size()))) {
              throw py::value_error("muscle network: got " + std::to_string(p.size()) +
                                    " parameters, expected those of 100-512-256-256-208");
            }
          },
          py::arg("parameters"), "flat float32 parameters in torch's parameters() order")
      .def("set_pelvis_support", &BatchEnv::set_pelvis_support, py::arg("stiffness"),
           py::arg("rotational_stiffness"),
           "virtual pelvis support gains [N/m, N m/rad] from the next substep on")
      .def(
          "outputs",
          [](const BatchEnv& b) {
            const BatchBuffers& o = b.buffers();
            const py::ssize_t n = b.num_envs(), h = b.human_obs_size();
            py::dict d;
            d["human_obs"] = rows(o.human_obs, n, h);
            d["exo_obs"] = rows(o.exo_obs, n, 16);
            d["final_human_obs"] = rows(o.final_human_obs, n, h);
            d["final_exo_obs"] = rows(o.final_exo_obs, n, 16);
            d["reward_terms"] = rows(o.reward_terms, n, kNumRewardTerms);
            d["human_reward"] = rows(o.human_reward, n, 0);
            d["exo_reward"] = rows(o.exo_reward, n, 0);
            d["exo_power"] = rows(o.exo_power, n, 0);
            d["support_force"] = rows(o.support_force, n, 0);
            d["support_torque"] = rows(o.support_torque, n, 0);
            d["joint_torque"] = rows(o.joint_torque, n, 0);
            d["reserve_torque"] = rows(o.reserve_torque, n, 0);
            d["exo_torque"] = rows(o.exo_torque, n, 2);
            d["terminated"] = flags(o.terminated);
            d["truncated"] = flags(o.truncated);
            d["diverged"] = flags(o.diverged);
            d["safety_cut"] = flags(o.safety_cut);
            d["human_decision"] = flags(o.human_decision);
            d["tuple_ready"] = flags(o.tuple_ready);
            return d;
          },
          "the last step's outputs as (N, .) numpy arrays")
      .def(
          "env_state",
          [](BatchEnv& b, int i) {
            if (i < 0 || i >= b.num_envs()) throw py::index_error("environment index out of range");
            Env& env = b.env(i);
            py::dict d;
            d["positions"] = Eigen::VectorXd(env.human().getPositions());
            d["velocities"] = Eigen::VectorXd(env.human().getVelocities());
            d["activations"] = env.activations();
            d["muscle_lengths"] = env.muscle_lengths();
            d["muscle_velocities"] = env.muscle_velocities();
            d["time"] = env.time();
            d["reference_time"] = env.reference_time();
            if (env.exo()) d["exo_positions"] = Eigen::VectorXd(env.exo()->getPositions());
            return d;
          },
          py::arg("index"))
      .def(
          "muscle_tuple",
          [](BatchEnv& b, int i) {
            if (i < 0 || i >= b.num_envs()) throw py::index_error("environment index out of range");
            const MuscleTuple& t = b.env(i).tuple();
            py::dict d;
            d["desired_acceleration"] = t.desired_acceleration;
            d["desired_torque"] = t.desired_torque;
            d["active_columns"] = t.active_columns;
            d["passive_torque"] = t.passive_torque;
            d["bias"] = t.bias;
            d["external_torque"] = t.external_torque;
            d["mass_inverse"] = t.mass_inverse;
            return d;
          },
          py::arg("index"), "the last muscle tuple of environment `index` (paper eq. 11)");
}

}  // namespace exocore::bindings
