// expect: two_unguarded_rows_for_one_state_and_event
// expect: spelled<'r', 'u', 'n', 'n', 'i', 'n', 'g'>
// expect: spelled<'s', 't', 'o', 'p'>
// Two rows without a guard for one state and event: the second could never fire.
#include "fsm_events.hpp"
struct def {
    static constexpr auto table() {
        using namespace wirecraft::fsm;
        return make_table(*"idle"_s + event<go> = "running"_s, "running"_s + event<stop> = "idle"_s,
                          "running"_s + event<stop> = "running"_s);
    }
};
int main() { return static_cast<int>(wirecraft::fsm::machine<def>{}.state()); }
