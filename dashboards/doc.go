// Package dashboards holds dealwatch's Grafana provisioning: the
// ClickHouse datasource (provisioning/datasources), the dashboard provider
// (provisioning/dashboards), the dashboards (built in Go with Grafana's
// foundation SDK in build.go, written to json/ by go generate; the JSON is
// committed, as Grafana reads it) and a Grafana-managed alert rule for new
// deals (provisioning/alerting). Its tests check that json/ is what
// build.go generates, parse every file, check datasource uids and run
// every panel query, macros expanded, on chDB.
//
// Expand is exported for tools that want to run a panel's SQL outside
// Grafana.
package dashboards

//go:generate go run ./generate json
