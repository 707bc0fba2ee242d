// Package dashboards holds dealwatch's Grafana provisioning (no Go code
// beyond this file): the ClickHouse datasource (provisioning/datasources),
// the dashboard provider (provisioning/dashboards), the dashboards
// themselves (json/) and a Grafana-managed alert rule for new deals
// (provisioning/alerting). Its tests parse every file, check datasource
// uids and run every panel query, macros expanded, on chDB.
//
// Expand is exported for tools that want to run a panel's SQL outside
// Grafana.
package dashboards
