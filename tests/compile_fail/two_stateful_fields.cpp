// expect: at most one field of a schema may keep a parse state
// A parsed view keeps the parse state of one field (a TLS extension list's index, a DNS
// message's section starts); a schema with two such fields is refused where it is parsed.
#include <wirecraft/proto/tls_hello.hpp>
struct bad {
    std::vector<wirecraft::tls_extension> first{}, second{};
    static consteval auto schema() {
        using namespace wirecraft;
        return wirecraft::schema<"bad">(field<"first", &bad::first>(detail::tls_extension_list),
                                        field<"second", &bad::second>(detail::tls_extension_list));
    }
};
int main() { return wirecraft::parse<bad>(std::span<const std::byte>{}) ? 0 : 1; }
