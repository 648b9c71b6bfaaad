// expect: state_does_not_handle_event
// expect: spelled<'i', 'd', 'l', 'e'>
// expect: spelled<'s', 't', 'o', 'p'>
// The optional completeness check: "idle" has no row for stop.
#include "fsm_events.hpp"
struct def {
    static constexpr auto table() {
        using namespace wirecraft::fsm;
        return make_table(*"idle"_s + event<go> = "running"_s, "running"_s + event<stop> = "idle"_s,
                          "running"_s + event<go>);
    }
};
static_assert(wirecraft::fsm::check_complete<def>());
int main() {}
