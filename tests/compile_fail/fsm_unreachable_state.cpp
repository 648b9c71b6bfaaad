// expect: state_is_not_reachable_from_the_initial_state
// expect: spelled<'o', 'r', 'p', 'h', 'a', 'n'>
// A state no row leads to from the initial state: dead code in the table.
#include <wirecraft/fsm/machine.hpp>
using namespace wirecraft::fsm::literals;
struct go {};
struct stop {};
struct def {
    static constexpr auto table() {
        using namespace wirecraft::fsm;
        return make_table(*"idle"_s + event<go> = "running"_s, "running"_s + event<stop> = "idle"_s,
                          "orphan"_s + event<go> = "idle"_s);
    }
};
int main() { return static_cast<int>(wirecraft::fsm::machine<def>{}.state()); }
