// expect: schema_error_expression_names_an_unknown_field
// A computed value that names a field the schema does not have (a typo).
#include <wirecraft/schema.hpp>
struct bad {
    std::optional<std::uint8_t> length{};
    static consteval auto schema() {
        using namespace wirecraft;
        return wirecraft::schema<"bad">(field<"length", &bad::length>().computed(size_of<"lenght">));
    }
};
int main() { return static_cast<int>(wirecraft::fixed_size_v<bad>); }
