// The hub's refusal as the hub said it: FORBIDDEN stays FORBIDDEN, with the API's own message.
import { Alert, Result } from 'antd';
import type { ApiError } from '../api/graphql';
import { useT } from '../i18n';

export function ApiErrorView({ error }: { error: ApiError }) {
  const t = useT();
  if (error.code === 'FORBIDDEN') {
    return (
      <div data-error-code="FORBIDDEN">
        <Result status="403" title={`${t('error.FORBIDDEN')} (FORBIDDEN)`} subTitle={error.message} />
      </div>
    );
  }
  const title = error.code === 'NOT_FOUND' ? t('error.NOT_FOUND') : t('error.other');
  return (
    <div data-error-code={error.code}>
      <Alert type="error" showIcon title={`${title} (${error.code})`} description={error.message} />
    </div>
  );
}
