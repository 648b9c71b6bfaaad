// expect: no binding lets this layer follow the one below it
// TCP cannot sit directly on Ethernet: no EtherType names it.
#include <wirecraft/wirecraft.hpp>
int main() {
    auto s = wirecraft::ethernet{} / wirecraft::tcp{};
    return static_cast<int>(wirecraft::size(s));
}
