// expect: the table has no initial state
// No row marks its source with *: the machine would not know where to start.
#include <wirecraft/fsm/machine.hpp>
using namespace wirecraft::fsm::literals;
struct go {};
struct stop {};
struct def {
    static constexpr auto table() {
        using namespace wirecraft::fsm;
        return make_table("idle"_s + event<go> = "running"_s, "running"_s + event<stop> = "idle"_s);
    }
};
int main() { return static_cast<int>(wirecraft::fsm::machine<def>{}.state()); }
