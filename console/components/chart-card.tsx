// A chart and the same figures as a table, in one card; the hub's error in place of both when it refuses.
import { Card, Skeleton, Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/graphql';
import { ApiErrorView } from './api-error';
import { Chart, type ChartOption } from './chart';

interface Props<R> {
  title: string;
  extra?: ReactNode;
  loading: boolean;
  error: ApiError | null;
  option: ChartOption | null;
  rows: R[];
  columns: TableColumnsType<R>;
  rowKey: (r: R) => string;
  onPick?: (name: string) => void;
  footer?: string;
}

export function ChartCard<R extends object>(p: Props<R>) {
  return (
    <Card title={p.title} extra={p.extra} size="small" className="chart-card">
      {p.error ? (
        <ApiErrorView error={p.error} />
      ) : !p.option ? (
        <Skeleton active />
      ) : (
        <>
          <Chart option={p.option} label={p.title} onPick={p.onPick} />
          <Table<R>
            size="small"
            columns={p.columns}
            dataSource={p.rows}
            rowKey={p.rowKey}
            pagination={p.rows.length > 8 ? { pageSize: 8, size: 'small' } : false}
            footer={p.footer ? () => p.footer : undefined}
            loading={p.loading && !p.rows.length}
          />
        </>
      )}
    </Card>
  );
}
