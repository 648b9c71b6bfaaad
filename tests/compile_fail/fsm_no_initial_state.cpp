// expect: the table has no initial state
// No row marks its source with *: the machine would not know where to start.
#include "fsm_events.hpp"
struct def {
    static constexpr auto table() {
        using namespace wirecraft::fsm;
        return make_table("idle"_s + event<go> = "running"_s, "running"_s + event<stop> = "idle"_s);
    }
};
int main() { return static_cast<int>(wirecraft::fsm::machine<def>{}.state()); }
