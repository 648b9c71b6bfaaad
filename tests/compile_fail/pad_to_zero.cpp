// expect: schema_error_padding_alignment_must_be_at_least_1
// Padding to a multiple of zero bytes would divide by zero.
#include <wirecraft/schema.hpp>
struct bad {
    std::uint8_t value = 0;
    static consteval auto schema() {
        using namespace wirecraft;
        return wirecraft::schema<"bad">(field<"value", &bad::value>(), padding<"pad">(0));
    }
};
int main() { return static_cast<int>(wirecraft::size(bad{})); }
