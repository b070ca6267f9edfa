// When a shop's webhook says its content was written, read from the signed body: neither
// WooCommerce nor Shopify signs a header (Shopify's X-Shopify-Triggered-At is not covered by
// X-Shopify-Hmac-Sha256), so the body's own timestamp is the one an attacker cannot move.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace sextant::daemon {

/// The resource's last change as the body states it: WooCommerce's `date_modified_gmt` (else
/// `date_created_gmt`), Shopify's `updated_at` (else `created_at`); none when the body has no
/// such field (a deletion's `{"id": ...}`) or is not a JSON object.
std::optional<std::chrono::sys_seconds> signed_time(std::string_view platform, std::string_view body);

}  // namespace sextant::daemon
