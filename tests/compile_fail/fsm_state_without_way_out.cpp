// expect: state_has_no_way_out
// expect: spelled<'r', 'u', 'n', 'n', 'i', 'n', 'g'>
// A state that is not marked terminal but no row leaves.
#include "fsm_events.hpp"
struct def {
    static constexpr auto table() {
        using namespace wirecraft::fsm;
        return make_table(*"idle"_s + event<go> = "running"_s, "running"_s + event<stop>);
    }
};
int main() { return static_cast<int>(wirecraft::fsm::machine<def>{}.state()); }
