import { defineActivity } from '../model';
import { awsOwnedRegional, sageMakerDefaultBucket } from '../shared';

// Canvas ready-to-use models and generative AI, following
// AmazonSageMakerCanvasAIServicesAccess and AmazonSageMakerCanvasBedrockAccess:
// Comprehend (sentiment, entities, language, personal information),
// Rekognition (labels and text in images), Textract (documents, expenses,
// identity documents; large documents asynchronously) and Amazon Bedrock
// foundation models (chat, chat with your data), whose working files Canvas
// keeps under Canvas/ in the default bucket. The built-in models name no
// resource (service authorization reference), so `*` is their only resource.
export const canvasAIServices = defineActivity({
  id: 'CanvasAIServices',
  title: 'Canvas AI Services',
  description:
    'Use Canvas ready-to-use models (Comprehend, Rekognition, Textract, also asynchronous) and chat with Amazon Bedrock foundation models, keeping working files under Canvas/ in the default bucket.',
  requiredParameters: [],
  vpc: false,
  kms: false,
  fidelity: {
    references: [
      { file: 'aws-managed-policies/AmazonSageMakerCanvasAIServicesAccess.json' },
      { file: 'aws-managed-policies/AmazonSageMakerCanvasBedrockAccess.json' },
    ],
    omissions: {
      'bedrock:*ModelCustomizationJob': 'fine-tuning foundation models trains billed custom models with a role passed to Bedrock: grant it on its own',
      'bedrock:*ProvisionedModelThroughput': 'provisioned throughput is billed hourly until deleted: an administrator decision',
      'bedrock:GetCustomModel': 'only serves fine-tuning (see bedrock:*ModelCustomizationJob)',
      'bedrock:TagResource': 'only serves fine-tuning (see bedrock:*ModelCustomizationJob)',
      'iam:PassRole': 'passes a role to Bedrock for fine-tuning only (see bedrock:*ModelCustomizationJob)',
    },
    extras: {
      'comprehend:ContainsPiiEntities': 'the personal-information model first checks whether a text has any',
      'textract:DetectDocumentText': 'the document text model (plain OCR) of Canvas\'s ready-to-use models',
    },
  },
  trustedServices: ['sagemaker.amazonaws.com'],
  isolation: {
    ownerChecked: [],
    createdAsOwner: [],
    parentChecked: [],
    shared: [
      {
        actions: [
          'comprehend:BatchDetectDominantLanguage',
          'comprehend:BatchDetectEntities',
          'comprehend:BatchDetectSentiment',
          'comprehend:ContainsPiiEntities',
          'comprehend:DetectDominantLanguage',
          'comprehend:DetectEntities',
          'comprehend:DetectPiiEntities',
          'comprehend:DetectSentiment',
          'rekognition:DetectLabels',
          'rekognition:DetectText',
          'textract:AnalyzeDocument',
          'textract:AnalyzeExpense',
          'textract:AnalyzeID',
          'textract:DetectDocumentText',
        ],
        reason: 'synchronous analysis with built-in models: each call answers about the text or image it sends and keeps nothing another user could reach',
      },
      {
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:ListFoundationModels'],
        reason: 'foundation models answer the prompt each call sends and keep nothing another user could reach',
      },
    ],
    withheld: [
      {
        actions: [
          'textract:GetDocumentAnalysis',
          'textract:GetExpenseAnalysis',
          'textract:StartDocumentAnalysis',
          'textract:StartExpenseAnalysis',
        ],
        reason: 'asynchronous Textract jobs are no IAM resource: any user who learns a job id could read its results; use the synchronous models',
      },
      {
        actions: ['s3:GetObject', 's3:ListBucket', 's3:PutObject'],
        reason: 'Canvas keeps every user\'s chat files under the same Canvas/ prefix of the default bucket, with no owner IAM could check',
      },
    ],
  },
  statements: ({ arn }) => {
    const bucket = sageMakerDefaultBucket(arn);
    return [
      {
        actions: [
          'bedrock:ListFoundationModels',
          'comprehend:BatchDetectDominantLanguage',
          'comprehend:BatchDetectEntities',
          'comprehend:BatchDetectSentiment',
          'comprehend:ContainsPiiEntities',
          'comprehend:DetectDominantLanguage',
          'comprehend:DetectEntities',
          'comprehend:DetectPiiEntities',
          'comprehend:DetectSentiment',
          'rekognition:DetectLabels',
          'rekognition:DetectText',
          'textract:AnalyzeDocument',
          'textract:AnalyzeExpense',
          'textract:AnalyzeID',
          'textract:DetectDocumentText',
        ],
        resources: ['*'],
      },
      {
        // Large documents are analysed asynchronously; the jobs are no IAM resource.
        actions: [
          'textract:GetDocumentAnalysis',
          'textract:GetExpenseAnalysis',
          'textract:StartDocumentAnalysis',
          'textract:StartExpenseAnalysis',
        ],
        resources: ['*'],
        withheldWhenIsolated: true,
      },
      {
        // Foundation models of the role's region and the inference profiles of its account.
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: [arn.regional('bedrock', 'inference-profile/*'), awsOwnedRegional(arn, 'bedrock', 'foundation-model/*')],
      },
      { actions: ['s3:ListBucket'], resources: [arn.s3(bucket)], withheldWhenIsolated: true },
      {
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [arn.s3(`${bucket}/Canvas`), arn.s3(`${bucket}/Canvas/*`)],
        withheldWhenIsolated: true,
      },
    ];
  },
});
