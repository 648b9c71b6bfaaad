// expect: state_is_not_reachable_from_the_initial_state
// expect: spelled<'o', 'r', 'p', 'h', 'a', 'n'>
// A state no row leads to from the initial state: dead code in the table.
#include "fsm_events.hpp"
struct def {
    static constexpr auto table() {
        using namespace wirecraft::fsm;
        return make_table(*"idle"_s + event<go> = "running"_s, "running"_s + event<stop> = "idle"_s,
                          "orphan"_s + event<go> = "idle"_s);
    }
};
int main() { return static_cast<int>(wirecraft::fsm::machine<def>{}.state()); }
