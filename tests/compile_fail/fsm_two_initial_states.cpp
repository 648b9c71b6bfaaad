// expect: two_initial_states
// expect: spelled<'r', 'u', 'n', 'n', 'i', 'n', 'g'>
// Two different states marked initial.
#include "fsm_events.hpp"
struct def {
    static constexpr auto table() {
        using namespace wirecraft::fsm;
        return make_table(*"idle"_s + event<go> = "running"_s, *"running"_s + event<stop> = "idle"_s);
    }
};
int main() { return static_cast<int>(wirecraft::fsm::machine<def>{}.state()); }
