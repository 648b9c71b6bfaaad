// The cost of including the whole library, without using it.
#include <wirecraft/wirecraft.hpp>
int main() {}
