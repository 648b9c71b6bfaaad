// expect: schema_error_little_endian_field_must_be_whole_bytes_at_a_byte_boundary
// Little-endian byte order has no meaning for a field that starts inside a byte.
#include <wirecraft/schema.hpp>
struct bad {
    std::uint8_t flag = 0;
    std::uint16_t value = 0;
    static consteval auto schema() {
        using namespace wirecraft;
        return wirecraft::schema<"bad">(field<"flag", &bad::flag>(bits<4>), field<"value", &bad::value>(le16));
    }
};
int main() { return static_cast<int>(wirecraft::fixed_size_v<bad>); }
