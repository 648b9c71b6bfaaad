// expect: schema_error_length_or_condition_reads_a_field_not_parsed_yet
// A length that reads a field coming after it cannot be evaluated while parsing.
#include <wirecraft/schema.hpp>
struct bad {
    std::vector<std::byte> data{};
    std::uint8_t length = 0;
    static consteval auto schema() {
        using namespace wirecraft;
        return wirecraft::schema<"bad">(field<"data", &bad::data>(bytes).sized_by(ref<"length">), field<"length", &bad::length>());
    }
};
int main() { return static_cast<int>(wirecraft::fixed_size_v<bad>); }
