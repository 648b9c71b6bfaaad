// The state-machine DSL: tables (table.hpp), their compile-time checks (check.hpp), machines
// (machine.hpp) and diagram export (export.hpp).
#pragma once
#include "check.hpp"
#include "export.hpp"
#include "machine.hpp"
#include "table.hpp"
