import { useEffect, useState } from 'react';
import { Alert, Col, DatePicker, Form, Input, Modal, Row, type FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocale, type Translate } from '../../app/i18n.tsx';
import { ApiError } from '../../app/api-client.ts';
import { errorText } from '../../app/error-text.ts';
import { requiredRule } from '../../app/form-rules.ts';
import { ResidentSelect } from '../residents/resident-select.tsx';
import type { Home, Tenancy } from '../residents/registry-types.ts';
import { createTenancy, endTenancy } from './rentals.api.ts';

/** Required date: antd's rule would otherwise check the picked day as a string. */
function requiredDate(t: Translate, fieldKey: string): FormRule {
  return { ...requiredRule(t, fieldKey, 'select'), type: 'object' };
}

const day = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

type EndForm = { endDate: Dayjs };

/** 结束租住: the tenancy ends on a date (today unless said otherwise). */
export function EndTenancyModal({ tenancy, onClose, onDone }: { tenancy: Tenancy | null; onClose: () => void; onDone: (tenancy: Tenancy) => void }) {
  const { locale, t } = useLocale();
  const [form] = Form.useForm<EndForm>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  useEffect(() => {
    if (!tenancy) return;
    form.setFieldsValue({ endDate: dayjs() });
    setError(null);
  }, [tenancy, form]);

  return (
    <Modal
      open={tenancy !== null}
      title={t('web.rentals.end')}
      okText={t('web.rentals.end')}
      okButtonProps={{ danger: true, 'data-testid': 'tenancy-end-submit' }}
      cancelText={t('web.common.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {error ? <Alert type="error" showIcon role="alert" title={errorText(locale, error)} style={{ marginBottom: 16 }} /> : null}
      {tenancy ? <p>{t('web.rentals.endTitle', { tenant: tenancy.tenantName, address: tenancy.address })}</p> : null}
      <Form<EndForm>
        form={form}
        name="end-tenancy"
        layout="vertical"
        requiredMark={false}
        onFinish={async (values) => {
          if (!tenancy) return;
          setSubmitting(true);
          setError(null);
          try {
            onDone(await endTenancy(tenancy.id, values.endDate.format('YYYY-MM-DD')));
          } catch (cause) {
            setError(cause);
          } finally {
            setSubmitting(false);
          }
        }}
      >
        <Form.Item name="endDate" label={t('web.rentals.endDate')} rules={[requiredDate(t, 'web.rentals.endDate')]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => Boolean(tenancy && d.isBefore(dayjs(tenancy.startDate)))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type CreateForm = {
  tenantId: string;
  landlordId?: string | null;
  startDate: Dayjs;
  endDate?: Dayjs | null;
  contractNo?: string;
  registeredOn?: Dayjs | null;
};

const FIELD_OF_ERROR: Record<string, keyof CreateForm> = { TENANCY_INVALID_PERIOD: 'endDate', RESIDENT_NOT_FOUND: 'tenantId' };

/** 登记租住: who rents the home, from when, and when the tenancy was reported. */
export function CreateTenancyModal({ home, onClose, onDone }: { home: Home | null; onClose: () => void; onDone: (tenancy: Tenancy) => void }) {
  const { locale, t } = useLocale();
  const [form] = Form.useForm<CreateForm>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  useEffect(() => {
    if (!home) return;
    form.resetFields();
    form.setFieldsValue({ registeredOn: dayjs() });
    setError(null);
  }, [home, form]);

  const submit = async (values: CreateForm) => {
    if (!home) return;
    setSubmitting(true);
    setError(null);
    try {
      const tenancy = await createTenancy({
        homeId: home.id,
        tenantId: values.tenantId,
        landlordId: values.landlordId ?? null,
        startDate: values.startDate.format('YYYY-MM-DD'),
        endDate: day(values.endDate),
        contractNo: values.contractNo?.trim() || null,
        registeredOn: day(values.registeredOn) ?? undefined,
      });
      onDone(tenancy);
    } catch (cause) {
      const field = cause instanceof ApiError ? FIELD_OF_ERROR[cause.code] : undefined;
      if (field) form.setFields([{ name: field, errors: [errorText(locale, cause)] }]);
      else setError(cause);
    } finally {
      setSubmitting(false);
    }
  };

  const half = { xs: 24, sm: 12 };
  return (
    <Modal
      open={home !== null}
      title={t('web.rentals.create')}
      okText={t('web.common.save')}
      cancelText={t('web.common.cancel')}
      confirmLoading={submitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      forceRender
    >
      {error ? <Alert type="error" showIcon role="alert" title={errorText(locale, error)} style={{ marginBottom: 16 }} /> : null}
      {home ? <p className="page-subtitle">{home.address}</p> : null}
      {home ? (
        <Form<CreateForm> form={form} name="create-tenancy" layout="vertical" requiredMark="optional" onFinish={submit}>
          <Row gutter={16}>
            <Col {...half}>
              <Form.Item name="tenantId" label={t('web.rentals.tenant')} rules={[requiredRule(t, 'web.rentals.tenant', 'select')]}>
                <ResidentSelect orgId={home.gridId} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="landlordId" label={t('web.rentals.landlord')}>
                <ResidentSelect orgId={home.gridId} allowClear />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="startDate" label={t('web.rentals.startDate')} rules={[requiredDate(t, 'web.rentals.startDate')]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="endDate" label={t('web.rentals.endDate')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="contractNo" label={t('web.rentals.contractNo')}>
                <Input autoComplete="off" maxLength={64} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name="registeredOn" label={t('web.rentals.registeredOn')} extra={t('web.rentals.registeredOnHint')}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      ) : null}
    </Modal>
  );
}
