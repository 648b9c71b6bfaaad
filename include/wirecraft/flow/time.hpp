// Time for the machines and buffers in flow/: a duration since any fixed point (a capture's
// first packet, a steady clock's epoch). Timers only compare times, so any origin works.
#pragma once
#include <chrono>

namespace wirecraft {
using flow_time = std::chrono::milliseconds;
}
