// What the fsm compile-fail cases share: the DSL and two events.
#pragma once
#include <wirecraft/fsm/machine.hpp>
using namespace wirecraft::fsm::literals;
struct go {};
struct stop {};
