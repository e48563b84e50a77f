#!/usr/bin/env bash
# Base packages every VM of the platform needs.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
sudo apt-get update
sudo apt-get install -y --no-install-recommends ca-certificates curl jq unattended-upgrades
