#!/usr/bin/env bash
# Runs on a VM made from the finished image; a non-zero exit fails validation.
set -euo pipefail
test -f /etc/orders/app.conf
id orders
